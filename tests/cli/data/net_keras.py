import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, 3, strides=2, padding='same', activation='relu'),
    layers.MaxPooling2D(),
    layers.Conv2DTranspose(8, 3, strides=2, padding='same'),
])
